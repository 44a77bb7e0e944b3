/** Which paths of the workbench go to a student's site: each lesson's preview path and its other paths. */
import { describe, expect, it } from "vitest";
import { matchPreview, previewRoutesOf } from "./preview-proxy";

const course = [{ preview: { path: "/wordpress/", port: 80 } }, {}, { preview: { path: "/wp-admin/", port: 8080, alsoPaths: ["/wp-login.php", "/wp-includes/", "/wp-content/"] } }];

describe("previewRoutesOf", () => {
  const routes = previewRoutesOf(course);

  it("routes a root-served site's log-in page and assets to its port", () => {
    expect(matchPreview(routes, "/wp-login.php?redirect_to=%2Fwp-admin%2F")?.port).toBe(8080);
    expect(matchPreview(routes, "/wp-includes/css/dashicons.min.css?ver=6.1")?.port).toBe(8080);
    expect(matchPreview(routes, "/wp-admin/install.php")?.port).toBe(8080);
    expect(matchPreview(routes, "/wordpress/wp-login.php")?.port).toBe(80);
  });

  it("leaves the workbench's own pages alone", () => {
    expect(matchPreview(routes, "/")).toBeUndefined();
    expect(matchPreview(routes, "/steps/7")).toBeUndefined();
  });
});
