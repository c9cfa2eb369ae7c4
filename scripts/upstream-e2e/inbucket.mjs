// An Inbucket-style mail sink for upstream's e2e suite: SMTP on 127.0.0.1:<smtp port> and
// the part of Inbucket's HTTP API the suite reads (GET /api/v1/mailbox/{name} and
// /api/v1/mailbox/{name}/{id}) on 127.0.0.1:<http port>. Mailboxes are the local part of
// each recipient address, lower-cased and without a +tag, as Inbucket names them.
//   node inbucket.mjs [smtp port = 8129] [http port = 8105]
import { createServer } from "node:http";
import { startSmtpSink } from "../../tests/sdk/smtp_sink.js";

const smtpPort = Number(process.argv[2] ?? 8129);
const httpPort = Number(process.argv[3] ?? 8105);
const sink = await startSmtpSink(smtpPort);

function header(raw, name) {
  const headers = raw.slice(0, raw.indexOf("\r\n\r\n")).replace(/\r\n[ \t]+/g, " ");
  return new RegExp(`^${name}:\\s*(.*)$`, "im").exec(headers)?.[1] ?? "";
}

const mailboxOf = (address) => address.split("@")[0].split("+")[0].toLowerCase();

const received = new WeakMap();
function summary(message, index, mailbox) {
  if (!received.has(message)) received.set(message, new Date());
  const date = received.get(message);
  return {
    mailbox,
    id: String(index + 1),
    from: header(message.raw, "from"),
    to: message.rcptTo.map((address) => `<${address}>`),
    subject: message.subject,
    date: date.toISOString(),
    "posix-millis": date.getTime(),
    size: Buffer.byteLength(message.raw),
    seen: false,
  };
}

createServer((request, response) => {
  const match = /^\/api\/v1\/mailbox\/([^/?]+)(?:\/([^/?]+))?/.exec(request.url ?? "");
  if (!match) {
    response.writeHead(404).end();
    return;
  }
  const mailbox = mailboxOf(decodeURIComponent(match[1]));
  const entries = sink.messages
    .map((message, index) => ({ message, index }))
    .filter(({ message }) => message.rcptTo.some((address) => mailboxOf(address) === mailbox));
  let body;
  if (match[2] === undefined) {
    body = entries.map(({ message, index }) => summary(message, index, mailbox));
  } else {
    const entry = entries.find(({ index }) => String(index + 1) === match[2]);
    if (!entry) {
      response.writeHead(404).end();
      return;
    }
    body = {
      ...summary(entry.message, entry.index, mailbox),
      header: {},
      body: { text: entry.message.text, html: entry.message.html },
      attachments: [],
    };
  }
  response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
}).listen(httpPort, "127.0.0.1", () => console.log(`inbucket-style sink: smtp ${smtpPort}, http ${httpPort}`));
