#!/usr/bin/env node
'use strict';
// Runs development sign-in on its own (tests start it as a child process: oidc-provider is an ES
// module that jest cannot load in-process). DEV_SIGN_IN_PORT (0: a free one) and DEV_SIGN_IN_REDIRECT_BASE
// (the app's PUBLIC_BASE_URL); prints one JSON line { url, env } on stdout, then serves until SIGTERM.
const { startDevOidc } = require('./index');

startDevOidc({ port: Number(process.env.DEV_SIGN_IN_PORT || 0), redirectBase: process.env.DEV_SIGN_IN_REDIRECT_BASE })
  .then((oidc) => {
    process.stdout.write(`${JSON.stringify({ url: oidc.url, env: oidc.envFor(['google', 'facebook', 'linkedin']) })}\n`);
    const stop = () => oidc.stop().then(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  })
  .catch((err) => {
    process.stderr.write(`development sign-in could not start: ${err.message}\n`);
    process.exit(1);
  });
