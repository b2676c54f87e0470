/** Prints the hash of a PIN for a prepared kiosk.json: `npx tsx kiosk/electron/hash-pin.ts 482913`. */
import { hashPin, isValidPin } from './pin';

const pin = process.argv[2];
if (!isValidPin(pin)) {
  console.error('Codul PIN trebuie să aibă între 4 și 8 cifre. · The PIN must have 4 to 8 digits.');
  process.exit(1);
}
console.log(hashPin(pin));
