// Starts GOV.UK Frontend's components. An external module, because the Content Security Policy
// allows no inline script.
import { initAll } from "../govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
