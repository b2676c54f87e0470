import { mount } from 'svelte';
import TicketPage from './TicketPage.svelte';
import './ticket.css';

const target = document.getElementById('app');
if (!target) throw new Error('no #app element');
export default mount(TicketPage, { target });
