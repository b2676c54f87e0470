// The offline screen: checks the server every few seconds (the shell goes back to the server's page once it
// answers) and counts down to the next check.
'use strict';

const shell = window.kioskShell;
const byId = (id) => document.querySelector(`[data-testid="${id}"]`);
let retrySeconds = 5;
let timer = 0;
let checking = false;

function say(ro, en) {
  byId('status-ro').textContent = ro;
  byId('status-en').textContent = en;
}

function countdown(left) {
  clearTimeout(timer);
  if (left <= 0) return void check();
  say(`Reîncercăm în ${left} s.`, `Trying again in ${left} s.`);
  timer = setTimeout(() => countdown(left - 1), 1000);
}

async function check() {
  if (checking) return;
  checking = true;
  clearTimeout(timer);
  say('Verificăm legătura cu serverul…', 'Checking the connection to the server…');
  let ok = false;
  try {
    ok = await shell.checkServer();
  } catch {
    ok = false;
  }
  checking = false;
  if (ok) say('Serverul răspunde. Revenim imediat.', 'The server answers. Back in a moment.');
  else countdown(retrySeconds);
}

byId('retry').addEventListener('click', () => void check());

shell.info().then(
  (info) => {
    retrySeconds = info.retrySeconds;
    if (info.serverUrl) byId('server').textContent = `Server: ${info.serverUrl}`;
    countdown(retrySeconds);
  },
  () => countdown(retrySeconds),
);
