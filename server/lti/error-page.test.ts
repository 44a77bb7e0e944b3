import { describe, expect, it } from "vitest";
import { ltiErrorPage } from "./error-page";

describe("ltiErrorPage", () => {
  it("shows the reason as text, never as markup, and runs no script", async () => {
    const response = ltiErrorPage(401, `The deployment <script>alert("x")</script> is unknown.`);
    const html = await response.text();
    expect(response.status).toBe(401);
    expect(html).toContain("The deployment &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; is unknown.");
    expect(html).not.toContain("<script>");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});
