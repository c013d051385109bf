'use strict';
// Development mailbox: an SMTP server on loopback (smtp-server, STARTTLS disabled: it is plain loopback
// traffic) that keeps what the app sends in memory, and a small web page listing it (subject, to, date)
// with each message's HTML and text body; links in the mail work. Started by `npm run dev` when SMTP_URL
// is unset; never part of the production app.
const http = require('node:http');
const { URL } = require('node:url');

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const linkify = (text) => esc(text).replace(/https?:\/\/[^\s<>"']+/g, (u) => `<a href="${u}" target="_top">${u}</a>`);

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} · development mailbox</title>
<style>body{font-family:system-ui,sans-serif;color:#1d2330;max-width:60rem;margin:2rem auto;padding:0 1rem}
.banner{background:#e7f1ff;border:2px solid #2f5bd3;padding:.75rem 1rem;border-radius:.4rem;font-weight:600}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #dde2ea;vertical-align:top}
iframe{width:100%;min-height:28rem;border:1px solid #c7cedb;border-radius:.4rem}pre{white-space:pre-wrap;background:#f5f7fa;padding:1rem;border-radius:.4rem}</style></head>
<body><p class="banner" role="note">Development mailbox: every email RightsDesk sends while you develop lands here; nothing leaves this machine.</p>
${body}</body></html>`;
}

function listen(server, port) {
  return new Promise((resolve, reject) => {
    const onError = (err) => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE' && port !== 0) resolve(listen(server, 0));
      else reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(server.address().port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, '127.0.0.1');
  });
}

/**
 * @param {{ smtpPort?: number, webPort?: number }} opts preferred ports (another free one when taken)
 * @returns {Promise<{ url: string, smtpUrl: string, messages: object[], stop: () => Promise<void> }>}
 */
async function startDevMailbox(opts = {}) {
  const { SMTPServer } = require('smtp-server');
  const { simpleParser } = require('mailparser');
  const messages = [];
  let seq = 0;
  const smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.unshift({
            id: ++seq,
            from: mail.from?.text ?? session.envelope.mailFrom?.address ?? '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? '(no subject)',
            date: mail.date ?? new Date(),
            html: typeof mail.html === 'string' ? mail.html : undefined,
            text: mail.text ?? '',
          });
          if (messages.length > 500) messages.pop();
          callback();
        })
        .catch((err) => callback(err));
    },
  });
  smtp.on('error', () => {});
  const smtpPort = await listen(smtp.server, opts.smtpPort ?? 0);

  const web = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const send = (status, html) => {
      res.writeHead(status, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(html);
    };
    if (req.method === 'GET' && url.pathname === '/') {
      const rows = messages
        .map(
          (m) =>
            `<tr data-message="${m.id}"><td><a href="/messages/${m.id}">${esc(m.subject)}</a></td><td>${esc(m.to.join(', '))}</td><td><time datetime="${m.date.toISOString()}">${esc(m.date.toISOString().replace('T', ' ').slice(0, 19))} UTC</time></td></tr>`,
        )
        .join('');
      return send(
        200,
        page(
          'Inbox',
          `<h1>Development mailbox</h1><p>${messages.length} message(s), newest first. <a href="/">Refresh</a></p>
<table><thead><tr><th>Subject</th><th>To</th><th>Date</th></tr></thead><tbody>${rows || '<tr><td colspan="3">Nothing sent yet.</td></tr>'}</tbody></table>`,
        ),
      );
    }
    if (req.method === 'GET' && url.pathname === '/messages.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(messages));
    }
    const m = /^\/messages\/(\d+)$/.exec(url.pathname);
    const msg = m && messages.find((x) => x.id === Number(m[1]));
    if (req.method === 'GET' && msg) {
      // The HTML part in a sandboxed frame; its links open in this window.
      const srcdoc = msg.html ? `<base target="_top">${msg.html}` : '';
      return send(
        200,
        page(
          msg.subject,
          `<p><a href="/">← All messages</a></p><h1>${esc(msg.subject)}</h1>
<dl><dt>From</dt><dd>${esc(msg.from)}</dd><dt>To</dt><dd>${esc(msg.to.join(', '))}</dd><dt>Date</dt><dd>${esc(msg.date.toISOString())}</dd></dl>
${msg.html ? `<h2>HTML</h2><iframe title="HTML body" sandbox="allow-same-origin allow-top-navigation-by-user-activation allow-popups" srcdoc="${esc(srcdoc)}"></iframe>` : ''}
<h2>Text</h2><pre id="text-body">${linkify(msg.text)}</pre>`,
        ),
      );
    }
    send(404, page('Not found', '<h1>Development mailbox: no such message</h1><p><a href="/">All messages</a></p>'));
  });
  const webPort = await listen(web, opts.webPort ?? 0);
  return {
    url: `http://127.0.0.1:${webPort}`,
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    messages,
    stop: async () => {
      await new Promise((r) => smtp.close(r));
      await new Promise((r) => {
        web.close(() => r());
        web.closeAllConnections();
      });
    },
  };
}

module.exports = { startDevMailbox };
