// Keeps every console.warn of the page, for a test to count.
window.warnings = [];
const warn = console.warn.bind(console);
console.warn = (...args) => {
  window.warnings.push(args.map(String).join(' '));
  warn(...args);
};
