/** Svelte 5 compiles TypeScript in components itself; no preprocessing needed. */
export default {};
