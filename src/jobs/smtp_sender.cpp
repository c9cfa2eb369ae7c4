#include "jobs/smtp_sender.hpp"

#include <curl/curl.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <memory>
#include <string_view>

namespace stackd::jobs {
namespace {

std::string Base64(const std::string& bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int length =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<size_t>(length));
    return out;
}

// SMTP lines must stay under 998 characters: base64 in 76-character lines.
std::string Base64Lines(const std::string& bytes) {
    const std::string encoded = Base64(bytes);
    std::string out;
    for (size_t index = 0; index < encoded.size(); index += 76) {
        out += encoded.substr(index, 76) + "\r\n";
    }
    return out;
}

bool IsAscii(const std::string& text) {
    for (const char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80 || c == '\r' || c == '\n') {
            return false;
        }
    }
    return true;
}

// RFC 2047 encoded word for header text that is not plain ASCII.
std::string HeaderText(const std::string& text) { return IsAscii(text) ? text : "=?UTF-8?B?" + Base64(text) + "?="; }

// RFC 5322 atext: what a display name may use without quotes.
bool IsAtext(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

// A phrase of plain words goes out as is (`Stack Dashboard <...>`, as upstream's mailer
// writes it); anything else is quoted or, outside ASCII, encoded.
std::string DisplayName(const std::string& name) {
    if (!IsAscii(name)) {
        return HeaderText(name);
    }
    const bool plain_words = !name.empty() && name.front() != ' ' && name.back() != ' ' &&
                             std::all_of(name.begin(), name.end(), [](char c) { return c == ' ' || IsAtext(c); });
    if (plain_words) {
        return name;
    }
    std::string quoted = "\"";
    for (const char c : name) {
        if (c == '"' || c == '\\') {
            quoted += '\\';
        }
        quoted += c;
    }
    return quoted + "\"";
}

std::string RfcDate(int64_t now_ms) {
    const std::time_t seconds = static_cast<std::time_t>(now_ms / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char buffer[64];
    std::strftime(buffer, sizeof(buffer), "%a, %d %b %Y %H:%M:%S +0000", &utc);
    return buffer;
}

std::string Domain(const std::string& address) {
    const auto at = address.rfind('@');
    return at == std::string::npos ? "localhost" : address.substr(at + 1);
}

struct Upload {
    const std::string& data;
    size_t offset = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t count, void* user) {
    auto* upload = static_cast<Upload*>(user);
    const size_t wanted = size * count;
    const size_t left = upload->data.size() - upload->offset;
    const size_t chunk = std::min(wanted, left);
    std::copy_n(upload->data.data() + upload->offset, chunk, buffer);
    upload->offset += chunk;
    return chunk;
}

SendResult Classify(CURLcode code, long smtp_status, const std::string& detail) {
    SendResult result;
    result.message = detail;
    if (code == CURLE_COULDNT_RESOLVE_HOST) {
        result.error_type = "HOST_NOT_FOUND";
    } else if (code == CURLE_LOGIN_DENIED || smtp_status == 535) {
        result.error_type = "AUTH_FAILED";
    } else if (smtp_status == 450) {
        result.error_type = "TEMPORARY";
        result.retryable = true;
    } else if (smtp_status == 553) {
        result.error_type = "INVALID_EMAIL_ADDRESS";
    } else if (smtp_status == 554) {
        result.error_type = "REJECTED";
    } else if (smtp_status >= 400 && smtp_status < 500) {
        result.error_type = "TRANSIENT_NEGATIVE_COMPLETION_REPLY";
        result.retryable = true;
    } else if (code == CURLE_OPERATION_TIMEDOUT) {
        result.error_type = "TIMEOUT";
        result.retryable = true;
    } else if (code == CURLE_COULDNT_CONNECT) {
        // Nothing was sent, so retrying cannot duplicate: a server that is down for a
        // moment should not lose the email (upstream classifies this as UNKNOWN).
        result.error_type = "CONNECTION_FAILED";
        result.retryable = true;
    } else if (code == CURLE_SEND_ERROR || code == CURLE_RECV_ERROR || code == CURLE_GOT_NOTHING) {
        result.error_type = "SOCKET_CLOSED";
    } else {
        result.error_type = "UNKNOWN";
    }
    return result;
}

}  // namespace

std::string BuildMimeMessage(const OutgoingEmail& email, const std::string& sender_email, int64_t now_ms) {
    const std::string boundary = "stackd-" + email.id;
    std::string to_header;
    for (const auto& address : email.to) {
        to_header += (to_header.empty() ? "" : ", ") + address;
    }
    std::string message;
    message += "From: " + DisplayName(email.sender_name) + " <" + sender_email + ">\r\n";
    message += "To: " + to_header + "\r\n";
    message += "Subject: " + HeaderText(email.subject) + "\r\n";
    message += "Date: " + RfcDate(now_ms) + "\r\n";
    message += "Message-ID: <" + email.id + "@" + Domain(sender_email) + ">\r\n";
    message += "MIME-Version: 1.0\r\n";
    message += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
    message += "--" + boundary + "\r\n";
    message += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    message += Base64Lines(email.text);
    message += "--" + boundary + "\r\n";
    message += "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    message += Base64Lines(email.html);
    message += "--" + boundary + "--\r\n";
    return message;
}

SendResult SmtpSender::Send(const OutgoingEmail& email) const {
    if (email.to.empty()) {
        return {.ok = true};  // upstream: an empty recipient list is silently OK
    }
    const bool implicit_tls = settings_.secure || settings_.port == 465;
    const std::string url =
        std::string(implicit_tls ? "smtps://" : "smtp://") + settings_.host + ":" + std::to_string(settings_.port);
    const std::string message =
        BuildMimeMessage(email, settings_.sender_email, static_cast<int64_t>(std::time(nullptr)) * 1000);

    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
    if (!curl) {
        return {.ok = false, .retryable = true, .error_type = "UNKNOWN", .message = "curl_easy_init failed"};
    }
    CURL* handle = curl.get();
    curl_slist* recipients = nullptr;
    for (const auto& address : email.to) {
        recipients = curl_slist_append(recipients, ("<" + address + ">").c_str());
    }
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> recipients_guard(recipients, &curl_slist_free_all);
    const std::string from = "<" + settings_.sender_email + ">";
    Upload upload{message};
    char error_buffer[CURL_ERROR_SIZE] = {0};

    curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
    if (!implicit_tls) {
        curl_easy_setopt(handle, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    }
    if (!settings_.username.empty()) {
        curl_easy_setopt(handle, CURLOPT_USERNAME, settings_.username.c_str());
        curl_easy_setopt(handle, CURLOPT_PASSWORD, settings_.password.c_str());
    }
    curl_easy_setopt(handle, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(handle, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(handle, CURLOPT_READFUNCTION, &ReadUpload);
    curl_easy_setopt(handle, CURLOPT_READDATA, &upload);
    curl_easy_setopt(handle, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
    // Upstream's timeouts: 15 s to connect, and a bound on the whole exchange.
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, 15000L);
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, 60000L);
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);

    const CURLcode code = curl_easy_perform(handle);
    if (code == CURLE_OK) {
        return {.ok = true};
    }
    long smtp_status = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &smtp_status);
    const std::string detail = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
    return Classify(code, smtp_status, detail + (smtp_status ? " (SMTP " + std::to_string(smtp_status) + ")" : ""));
}

}  // namespace stackd::jobs
