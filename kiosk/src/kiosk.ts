import { mount } from 'svelte';
import Kiosk from './Kiosk.svelte';
import './kiosk.css';

const target = document.getElementById('app');
if (!target) throw new Error('no #app element');
export default mount(Kiosk, { target });
