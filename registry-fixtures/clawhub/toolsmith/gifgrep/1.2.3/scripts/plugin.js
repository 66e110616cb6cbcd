// Loads a provider plugin: fetches its source text and evaluates it (why ClawHub flags this version).
const res = await fetch(process.argv[2]);
const source = await res.text();
new Function(source)();
