// Runs between two bundles: remembers the classes the first one registered.
window.firstRegistration = {
  'finsify-connect': customElements.get('finsify-connect'),
  'finsify-service-picker': customElements.get('finsify-service-picker'),
};
