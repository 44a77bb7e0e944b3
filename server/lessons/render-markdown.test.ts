import { describe, expect, it } from "vitest";
import { renderLessonMarkdown } from "./render-markdown";

describe("lesson markdown", () => {
  it("marks shell blocks as runnable and keeps other languages plain", () => {
    const html = renderLessonMarkdown("```bash\ndocker ps\n```\n\n```dockerfile\nFROM debian:latest\n```\n");
    expect(html).toContain('<pre data-run="1"><code class="language-bash">docker ps');
    expect(html).toContain('<pre><code class="language-dockerfile">FROM debian:latest');
  });

  it("escapes code so a Dockerfile with <tags> shows as text", () => {
    expect(renderLessonMarkdown("```\necho '<b>x</b>' > f\n```")).toContain("&lt;b&gt;x&lt;/b&gt;");
  });

  it("keeps details/summary blocks and neutralises scripts and event handlers", () => {
    const html = renderLessonMarkdown('<details>\n<summary>Why?</summary>\n\nBecause.\n\n</details>\n\n<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n');
    expect(html).toContain("<details>");
    expect(html).toContain("<summary>Why?</summary>");
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain("&lt;script&gt;");
  });
});
