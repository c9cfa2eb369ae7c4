#include "http/server.hpp"

#include <chrono>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

namespace stackd::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

std::string HttpDate() {
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[64];
    std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &utc);
    return buffer;
}

std::string_view ToStringView(beast::string_view text) { return {text.data(), text.size()}; }

Request ToRequest(const bhttp::request<bhttp::string_body>& raw, const std::string& remote) {
    Request request;
    request.method = std::string(raw.method_string());
    request.target = std::string(raw.target());
    for (const auto& field : raw) {
        std::string name(field.name_string());
        for (auto& c : name) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        request.headers[name].emplace_back(field.value());
    }
    request.body = raw.body();
    request.remote_address = remote;
    return request;
}

}  // namespace

class Server::Impl {
public:
    Impl(ServerOptions options, Handler handler, PlacementPolicy placement)
        : options_(std::move(options)),
          handler_(std::move(handler)),
          placement_(std::move(placement)),
          workers_(options_.worker_threads),
          heavy_workers_(options_.heavy_worker_threads),
          contexts_(MakeContexts(std::max<size_t>(1, options_.io_threads))),
          acceptor_(*contexts_.front()),
          signals_(*contexts_.front(), SIGINT, SIGTERM) {}

    uint16_t Start() {
        const auto address = asio::ip::make_address(options_.host);
        tcp::endpoint endpoint(address, options_.port);
        acceptor_.open(endpoint.protocol());
        acceptor_.set_option(asio::socket_base::reuse_address(true));
        acceptor_.bind(endpoint);
        acceptor_.listen(asio::socket_base::max_listen_connections);
        signals_.async_wait([this](const beast::error_code& error, int signal) {
            if (!error) {
                spdlog::info("received signal {}, shutting down", signal);
                BeginShutdown();
            }
        });
        Accept();
        for (auto& context : contexts_) {
            // Keeps a context's loop running while it has no connection yet.
            keep_running_.push_back(asio::make_work_guard(*context));
            io_threads_.emplace_back([&context] { context->run(); });
        }
        return acceptor_.local_endpoint().port();
    }

    void Wait() {
        for (auto& thread : io_threads_) {
            thread.join();
        }
        io_threads_.clear();
        // Started by BeginShutdown on an I/O thread, so it exists once they have all ended.
        // Joined, never detached: it touches the contexts, which die with this object.
        if (drain_thread_.joinable()) {
            drain_thread_.join();
        }
        workers_.join();
        heavy_workers_.join();
    }

    void Stop() {
        asio::post(*contexts_.front(), [this] { BeginShutdown(); });
    }

    ~Impl() {
        if (!io_threads_.empty()) {
            Stop();
            Wait();
        }
    }

    class Session;

private:
    void Accept();

    // Stop accepting, let in-flight requests finish (bounded by the grace period),
    // then stop the I/O threads.
    void BeginShutdown() {
        if (shutting_down_.exchange(true)) {
            return;
        }
        beast::error_code ignored;
        acceptor_.close(ignored);
        signals_.cancel(ignored);
        drain_thread_ = std::thread([this] {
            const auto deadline =
                std::chrono::steady_clock::now() + std::chrono::seconds(options_.shutdown_grace_seconds);
            while (in_flight_.load() > 0 && std::chrono::steady_clock::now() < deadline) {
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
            for (auto& context : contexts_) {
                context->stop();
            }
        });
        keep_running_.clear();
    }

    // One single-threaded io_context per I/O thread: a connection lives on one thread for its
    // whole life, so its handlers need no strand and the contexts share no queue or lock.
    static std::vector<std::unique_ptr<asio::io_context>> MakeContexts(size_t count) {
        std::vector<std::unique_ptr<asio::io_context>> contexts;
        for (size_t index = 0; index < count; ++index) {
            contexts.push_back(std::make_unique<asio::io_context>(1));
        }
        return contexts;
    }

    ServerOptions options_;
    Handler handler_;
    PlacementPolicy placement_;
    asio::thread_pool workers_;
    asio::thread_pool heavy_workers_;
    std::vector<std::unique_ptr<asio::io_context>> contexts_;
    std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running_;
    size_t next_context_ = 0;  // round-robin target of the next accepted connection
    tcp::acceptor acceptor_;
    asio::signal_set signals_;
    std::vector<std::thread> io_threads_;
    std::thread drain_thread_;  // waits for in-flight requests, then stops the event loops
    std::atomic<bool> shutting_down_{false};
    std::atomic<int> in_flight_{0};
};

class Server::Impl::Session : public std::enable_shared_from_this<Session> {
public:
    Session(Impl& server, tcp::socket socket) : server_(server), stream_(std::move(socket)) {
        beast::error_code error;
        const auto endpoint = stream_.socket().remote_endpoint(error);
        if (!error) {
            remote_ = endpoint.address().to_string();
        }
    }

    void Run() {
        asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
    }

private:
    void Read() {
        parser_.emplace();
        parser_->body_limit(server_.options_.body_limit_bytes);
        parser_->header_limit(64 * 1024);
        // The first request on a connection gets the header timeout; later ones the idle timeout.
        stream_.expires_after(std::chrono::seconds(first_request_ ? server_.options_.header_timeout_seconds
                                                                  : server_.options_.idle_timeout_seconds));
        bhttp::async_read(stream_, buffer_, *parser_,
                          [self = shared_from_this()](beast::error_code error, size_t) { self->OnRead(error); });
    }

    void OnRead(beast::error_code error) {
        first_request_ = false;
        if (error == bhttp::error::end_of_stream || error == beast::error::timeout ||
            error == asio::error::connection_reset || error == asio::error::operation_aborted) {
            return Close();
        }
        if (error == bhttp::error::body_limit) {
            return WriteError(413, "Request body too large");
        }
        if (error) {
            return WriteError(400, "Bad request");
        }
        stream_.expires_never();
        auto raw = parser_->release();
        keep_alive_ = raw.keep_alive() && !server_.shutting_down_.load();
        version_ = raw.version();
        ++server_.in_flight_;
        const Placement placement =
            server_.placement_ ? server_.placement_(ToStringView(raw.method_string()), ToStringView(raw.target()))
                               : Placement::kWorkers;
        if (placement == Placement::kInline) {
            Request request = ToRequest(raw, remote_);
            return Write(server_.handler_(request));
        }
        auto request = std::make_shared<Request>(ToRequest(raw, remote_));
        auto& pool = placement == Placement::kHeavy ? server_.heavy_workers_ : server_.workers_;
        // The connection's event loop must outlive the handler even when shutdown has let it
        // run out of other work: the answer is written there.
        auto work = asio::make_work_guard(stream_.get_executor());
        asio::post(pool, [self = shared_from_this(), request, work = std::move(work)]() mutable {
            Response response = self->server_.handler_(*request);
            asio::post(self->stream_.get_executor(),
                       [self, response = std::move(response)]() mutable { self->Write(std::move(response)); });
            work.reset();
        });
    }

    void WriteError(int status, std::string text) {
        keep_alive_ = false;
        ++server_.in_flight_;
        Write(Response::Text(status, std::move(text)));
    }

    void Write(Response response) {
        auto message = std::make_shared<bhttp::response<bhttp::string_body>>();
        message->version(version_);
        message->result(static_cast<unsigned>(response.status));
        for (auto& [name, value] : response.headers) {
            message->set(name, value);
        }
        message->set(bhttp::field::date, HttpDate());
        message->keep_alive(keep_alive_);
        if (keep_alive_) {
            message->set(bhttp::field::connection, "keep-alive");
        }
        message->body() = std::move(response.body);
        message->prepare_payload();
        stream_.expires_after(std::chrono::seconds(server_.options_.idle_timeout_seconds));
        bhttp::async_write(stream_, *message,
                           [self = shared_from_this(), message](beast::error_code error, size_t) {
                               --self->server_.in_flight_;
                               if (error || !self->keep_alive_) {
                                   return self->Close();
                               }
                               self->Read();
                           });
    }

    void Close() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }

    Impl& server_;
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    std::string remote_;
    bool keep_alive_ = true;
    bool first_request_ = true;
    unsigned version_ = 11;
};

void Server::Impl::Accept() {
    auto& context = *contexts_[next_context_++ % contexts_.size()];
    acceptor_.async_accept(context, [this](beast::error_code error, tcp::socket socket) {
        if (error) {
            if (acceptor_.is_open()) {
                Accept();
            }
            return;
        }
        std::make_shared<Session>(*this, std::move(socket))->Run();
        Accept();
    });
}

Server::Server(ServerOptions options, Handler handler, PlacementPolicy placement)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(placement))) {}
Server::~Server() = default;
uint16_t Server::Start() { return impl_->Start(); }
void Server::Wait() { impl_->Wait(); }
void Server::Stop() { impl_->Stop(); }

}  // namespace stackd::http
