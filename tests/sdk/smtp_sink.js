// A minimal SMTP server on 127.0.0.1 (a free port) for the SDK tests: it accepts every
// message (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; no TLS, no AUTH) and keeps it in
// memory with its subject and its text/html parts decoded (base64 or 7bit, as stackd sends).
import { createServer } from "node:net";

function decodeBody(headers, body) {
  return /content-transfer-encoding:\s*base64/i.test(headers)
    ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
    : body;
}

function decodeHeader(value) {
  return value.replace(/=\?utf-8\?b\?([^?]*)\?=/gi, (_, encoded) => Buffer.from(encoded, "base64").toString("utf8"));
}

// Splits raw RFC 5322 text into {subject, text, html}.
export function parseMessage(raw) {
  const split = raw.indexOf("\r\n\r\n");
  const headers = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? "" : raw.slice(split + 4);
  const unfolded = headers.replace(/\r\n[ \t]+/g, " ");
  const subject = decodeHeader(/^subject:\s*(.*)$/im.exec(unfolded)?.[1] ?? "");
  const parsed = { subject, text: "", html: "" };
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(unfolded)?.[1];
  const parts = boundary ? body.split(`--${boundary}`) : [`${headers}\r\n\r\n${body}`];
  for (const part of parts) {
    const end = part.indexOf("\r\n\r\n");
    if (end < 0) continue;
    const partHeaders = part.slice(0, end);
    const content = decodeBody(partHeaders, part.slice(end + 4));
    if (/content-type:\s*text\/plain/i.test(partHeaders)) parsed.text ||= content;
    else if (/content-type:\s*text\/html/i.test(partHeaders)) parsed.html ||= content;
  }
  return parsed;
}

// `port` 0 picks a free port.
export async function startSmtpSink(port = 0) {
  const messages = [];
  const waiters = new Set();
  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };
  const server = createServer((socket) => {
    socket.setEncoding("latin1");
    let buffer = "";
    let inData = false;
    let envelope = { from: "", to: [] };
    const reply = (line) => socket.write(`${line}\r\n`);
    reply("220 stackd-sdk-sink ESMTP");
    socket.on("data", (chunk) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          const raw = Buffer.from(buffer.slice(0, end), "latin1")
            .toString("utf8")
            .replace(/^\.\./gm, ".");
          buffer = buffer.slice(end + 5);
          inData = false;
          messages.push({ mailFrom: envelope.from, rcptTo: envelope.to, raw, ...parseMessage(raw) });
          envelope = { from: "", to: [] };
          reply("250 OK");
          notify();
          continue;
        }
        const newline = buffer.indexOf("\r\n");
        if (newline < 0) return;
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") reply("250 stackd-sdk-sink");
        else if (verb === "MAIL") {
          envelope.from = /<([^>]*)>/.exec(line)?.[1] ?? "";
          reply("250 OK");
        } else if (verb === "RCPT") {
          envelope.to.push(/<([^>]*)>/.exec(line)?.[1] ?? "");
          reply("250 OK");
        } else if (verb === "DATA") {
          inData = true;
          reply("354 End data with <CR><LF>.<CR><LF>");
        } else if (verb === "RSET") {
          envelope = { from: "", to: [] };
          reply("250 OK");
        } else if (verb === "QUIT") {
          reply("221 Bye");
          socket.end();
          return;
        } else reply("250 OK");
      }
    });
    socket.on("error", () => {});
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    messages,
    messagesTo(recipient) {
      return messages.filter((message) => message.rcptTo.includes(recipient));
    },
    // Resolves with the `count`-th message to `recipient`.
    waitFor(recipient, count = 1, timeoutMs = 15000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = this.messagesTo(recipient);
          if (found.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found[count - 1]);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no email #${count} to ${recipient} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    // Environment that points stackd at this sink.
    env() {
      return { STACK_EMAIL_HOST: "127.0.0.1", STACK_EMAIL_PORT: String(this.port), STACK_EMAIL_SENDER: "noreply@stackd.test" };
    },
    close() {
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

// The `code` query parameter of the first link in a message's text that carries one.
export function codeFromMessage(message) {
  const link = /https?:\/\/\S*[?&]code=([a-z0-9]+)/i.exec(message.text);
  if (!link) throw new Error(`no code link in: ${message.text}`);
  return link[1];
}
