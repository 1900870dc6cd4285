// Keeps a page that follows work in the background up to date (the audit log's verification):
// every few seconds it fetches the page again and, while the work runs, replaces the progress
// region (`data-progress`), a polite live region; once the work is over, it shows the new page.
// Without script the page offers a link to check again instead.
const region = document.querySelector("[data-progress]");
const EVERY = 3000;

async function check() {
  const response = await fetch(window.location.href, { headers: { Accept: "text/html" } });
  if (!response.ok) return;
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const fresh = page.querySelector("[data-progress]");
  if (fresh === null) {
    window.location.reload();
    return;
  }
  region.innerHTML = fresh.innerHTML;
  window.setTimeout(check, EVERY);
}

if (region !== null) {
  window.setTimeout(check, EVERY);
}
