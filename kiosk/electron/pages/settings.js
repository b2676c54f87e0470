// The settings page: a PIN on an on-screen keypad first (when a PIN is set), then the server address (typed on an
// on-screen keyboard: a kiosk has no keyboard), the mode, a new PIN, and forgetting the pairing.
'use strict';

const shell = window.kioskShell;
const byId = (id) => document.querySelector(`[data-testid="${id}"]`);
const IDLE_MS = 120_000;
let info = null;

function keys(container, lines, press) {
  container.replaceChildren();
  for (const line of lines) {
    const row = document.createElement('div');
    row.className = 'line';
    for (const [label, value] of line) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = label;
      button.dataset.key = value;
      button.addEventListener('pointerdown', (event) => event.preventDefault()); // keeps the focus in the field
      button.addEventListener('click', () => press(value));
      (lines.length > 1 ? row : container).append(button);
    }
    if (lines.length > 1) container.append(row);
  }
}

const plain = (text) => [...text].map((c) => [c, c]);

function message(id, ro, en, kind) {
  const element = byId(id);
  element.textContent = ro ? `${ro} · ${en}` : '';
  element.classList.toggle('bad', kind === 'bad');
  element.classList.toggle('good', kind === 'good');
}

/** A button that asks for a second press before it acts. */
function confirmed(button, act) {
  const original = button.innerHTML;
  let armed = false;
  button.addEventListener('click', async () => {
    if (!armed) {
      armed = true;
      button.innerHTML = 'Apăsați din nou pentru confirmare <small lang="en">Press again to confirm</small>';
      setTimeout(() => {
        armed = false;
        button.innerHTML = original;
      }, 5000);
      return;
    }
    armed = false;
    button.innerHTML = original;
    await act();
  });
}

// --- PIN ---
let pin = '';
function showPin() {
  byId('pin-dots').textContent = '●'.repeat(pin.length);
}
async function unlock() {
  const result = await shell.unlock(pin);
  pin = '';
  showPin();
  if (result.ok) return showForm();
  if (result.retryAfterSeconds > 0) {
    message('lock-message', `Prea multe încercări greșite. Reîncercați în ${result.retryAfterSeconds} s.`, `Too many wrong tries. Try again in ${result.retryAfterSeconds} s.`, 'bad');
  } else {
    message('lock-message', 'Cod PIN greșit.', 'Wrong PIN.', 'bad');
  }
}
keys(byId('pin-keys'), [[...plain('123456789'), ['⌫', 'back'], ['0', '0'], ['OK', 'ok']]], (key) => {
  if (key === 'ok') return void unlock();
  pin = key === 'back' ? pin.slice(0, -1) : (pin + key).slice(0, 8);
  message('lock-message', '', '');
  showPin();
});
byId('lock-back').addEventListener('click', () => void shell.close());

// --- Form ---
let mode = 'kiosk';
let field = document.getElementById('serverUrl');
for (const input of document.querySelectorAll('input')) input.addEventListener('focus', () => (field = input));

function setMode(next) {
  mode = next;
  for (const button of document.querySelectorAll('[data-mode]')) button.setAttribute('aria-pressed', String(button.dataset.mode === mode));
}
for (const button of document.querySelectorAll('[data-mode]')) button.addEventListener('click', () => setMode(button.dataset.mode));

keys(
  byId('keyboard'),
  [plain('1234567890'), plain('qwertyuiop'), plain('asdfghjkl:'), plain('zxcvbnm.-/'), [['http://', 'http://'], ['https://', 'https://'], ['⌫', 'back'], ['Șterge · Clear', 'clear']]],
  (key) => {
    if (key === 'back') field.value = field.value.slice(0, -1);
    else if (key === 'clear') field.value = '';
    else field.value += key;
    field.focus();
  },
);

function showErrors(errors) {
  for (const element of document.querySelectorAll('[data-error]')) element.textContent = '';
  const rest = [];
  for (const error of errors) {
    const element = document.querySelector(`[data-error="${error.field}"]`);
    if (element) element.textContent = `${error.ro} · ${error.en}`;
    else rest.push(error);
  }
  return rest;
}

function showAbout() {
  byId('about').textContent =
    `Versiunea ${info.version}` + (info.hasDeviceToken ? ' · Asociat cu token din configurare · Paired with a token from the configuration' : '');
}

function showForm() {
  document.getElementById('lock').hidden = true;
  document.getElementById('form').hidden = false;
  document.getElementById('serverUrl').value = info.serverUrl ?? 'http://';
  setMode(info.mode);
  byId('pin-hint').textContent = info.pinSet ? '(opțional · optional)' : '(obligatoriu, 4–8 cifre · required, 4–8 digits)';
  byId('cancel').hidden = !info.configured;
  byId('forget').hidden = !info.serverUrl;
  const list = byId('file-errors');
  list.hidden = info.errors.length === 0;
  list.querySelector('ul').replaceChildren(
    ...info.errors.map((error) => Object.assign(document.createElement('li'), { textContent: `${error.ro} · ${error.en}` })),
  );
  showAbout();
  document.getElementById('serverUrl').focus();
}

byId('save').addEventListener('click', async () => {
  message('form-message', 'Se salvează…', 'Saving…');
  const result = await shell.save({ serverUrl: document.getElementById('serverUrl').value, mode, newPin: document.getElementById('newPin').value });
  if (result.ok) return message('form-message', 'Salvat. Se deschide pagina serverului.', "Saved. Opening the server's page.", 'good');
  const rest = showErrors(result.errors);
  const first = rest[0];
  if (first) message('form-message', first.ro, first.en, 'bad');
  else message('form-message', 'Corectați câmpurile marcate.', 'Correct the marked fields.', 'bad');
});
byId('cancel').addEventListener('click', () => void shell.close());
confirmed(byId('forget'), async () => {
  const done = await shell.forgetPairing();
  if (done) message('form-message', 'Asocierea a fost ștearsă: pagina va cere un cod nou de asociere.', 'Pairing forgotten: the page will ask for a new pairing code.', 'good');
  info = await shell.info();
  showAbout();
});
confirmed(byId('quit'), () => shell.quit());

// Back to the server's page when the settings are left open and untouched.
let idle = 0;
function awake() {
  clearTimeout(idle);
  idle = setTimeout(() => {
    if (info?.configured) void shell.close();
  }, IDLE_MS);
}
window.addEventListener('pointerdown', awake, true);

shell.info().then((result) => {
  info = result;
  awake();
  if (info.locked) {
    document.getElementById('lock').hidden = false;
    showPin();
  } else {
    showForm();
  }
});
