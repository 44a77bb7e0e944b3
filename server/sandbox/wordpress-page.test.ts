/** Reading WordPress pages: which installer page it is, its title, version and error message. */
import { describe, expect, it } from "vitest";
import { decodeEntities, firstLanguage, hiddenFields, installerMessage, installerPageKind, readWordpressPage } from "./wordpress-page";

const languageForm = `<html><head><title>WordPress &rsaquo; Installation</title></head><body class="wp-core-ui language-chooser">
<form id="setup" method="post" action="?step=1"><label for="language">Select a default language</label>
<select size="14" name='language' id='language'><option value="" lang="en" selected="selected" data-continue="Continue">English (United States)</option>
<option value="fr_FR" lang="fr">Français</option></select><input type="submit" value="Continue"></form></body></html>`;

const setupForm = (message = "") => `<html><head><title>WordPress &rsaquo; Installation</title></head><body class="wp-core-ui">
<h1>Welcome</h1>${message ? `<p class="message">${message}</p>` : ""}
<form id="setup" method="post" action="install.php?step=2" novalidate="novalidate">
<input name="weblog_title" type="text" id="weblog_title" value="" /><input name="user_name" type="text" value="" />
<input type="hidden" name="language" value="fr_FR" /></form></body></html>`;

const success = `<html><head><title>WordPress &rsaquo; Installation</title></head><body><h1>Success!</h1><p>WordPress has been installed. Thank you, and enjoy!</p></body></html>`;
const installed = `<html><head><title>WordPress &rsaquo; Installation</title></head><body><h1>Already Installed</h1><p>You appear to have already installed WordPress.</p></body></html>`;
const home = `<!DOCTYPE html><html><head><meta name="generator" content="WordPress 6.1.9" />
<title>Docker Workbench step 7 &#8211; Just another WordPress site</title></head><body><h1 class="site-title">Docker Workbench step 7</h1></body></html>`;
const dbError = `<html><head><title>Database Error</title></head><body id="error-page"><h1>Error establishing a database connection</h1></body></html>`;

describe("installerPageKind", () => {
  it.each([
    [languageForm, "language-form"],
    [setupForm(), "setup-form"],
    [success, "success"],
    [installed, "already-installed"],
    [home, "other"],
  ])("recognises each installer page", (body, kind) => {
    expect(installerPageKind(body)).toBe(kind);
  });
});

describe("installer form helpers", () => {
  it("keeps the selected language, English being the empty value", () => {
    expect(firstLanguage(languageForm)).toBe("");
    expect(firstLanguage(languageForm.replace(' selected="selected"', "").replace('value="fr_FR" lang="fr"', 'value="fr_FR" lang="fr" selected'))).toBe("fr_FR");
  });

  it("sends back the hidden fields of the setup form", () => {
    expect(hiddenFields(setupForm())).toEqual({ language: "fr_FR" });
  });

  it("reads the installer's error message, as text", () => {
    expect(installerMessage(setupForm("Please provide a valid email address."))).toBe("Please provide a valid email address.");
    expect(installerMessage(setupForm("The password <strong>must</strong> match &amp; more"))).toBe("The password must match & more");
  });
});

describe("readWordpressPage", () => {
  it("reads the home page's title and version, entities decoded", () => {
    const page = readWordpressPage({ status: 200, url: "http://localhost:8080/", body: home });
    expect(page).toMatchObject({ status: 200, title: "Docker Workbench step 7 – Just another WordPress site", version: "6.1.9", installer: false, databaseError: false });
  });

  it("calls a page reached through a redirect to install.php the installer", () => {
    expect(readWordpressPage({ status: 200, url: "http://localhost:8080/wp-admin/install.php", body: languageForm }).installer).toBe(true);
  });

  it("recognises the database error page", () => {
    expect(readWordpressPage({ status: 500, url: "http://localhost:8080/", body: dbError })).toMatchObject({ databaseError: true, installer: false });
  });

  it("keeps the error when nothing answered", () => {
    expect(readWordpressPage({ url: "http://localhost:8080/", error: "connection refused" })).toMatchObject({ error: "connection refused", excerpt: "" });
  });
});

it("decodes numeric and named entities", () => {
  expect(decodeEntities("a &#8211; b &#x2019; &amp;amp; &unknown;")).toBe("a – b ’ &amp; &unknown;");
});
