// Keyplane console: conveniences only; every page works without this file. Served by Keyplane itself (the CSP allows
// no inline script and no other origin).
document.addEventListener('DOMContentLoaded', () => {
  for (const button of document.querySelectorAll('button[data-copy]')) {
    const field = document.getElementById(button.dataset.copy);
    if (!field || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener('click', async () => {
      await navigator.clipboard.writeText(field.value);
      button.textContent = 'Copied';
    });
  }
});
