import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { ReportsApi } from './lib/reports-api';
import { staffPageOf } from './components/staff/routes';

// The live page opened directly (a manager's bookmark, the office's wall screen): today's figures are asked
// for while the panel still checks the session and opens its live link.
if (staffPageOf(location.hash) === 'live') new ReportsApi().prefetchToday();

const target = document.getElementById('app');
if (!target) throw new Error('no #app element');
export default mount(App, { target });
