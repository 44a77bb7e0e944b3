import { describe, expect, it } from "vitest";
import { renderLessonMarkdown, taskCheckIds } from "./render-markdown";

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

  it("renders Markdown inside collapsible blocks, also when the tags share lines with it", () => {
    const html = renderLessonMarkdown(
      "<details>\n<summary>Which user runs **apache2**?</summary>\nIt is `www-data`:\n\n```bash\nps aux\n```\n</details>\n\n<details open><summary>Hint</summary>\n- one\n- two\n</details>\n",
    );
    expect(html).toContain("<summary>Which user runs <strong>apache2</strong>?</summary>");
    expect(html).toContain("<p>It is <code>www-data</code>:</p>");
    expect(html).toContain('<pre data-run="1"><code class="language-bash">ps aux');
    expect(html).toContain("<details open>");
    expect(html).toMatch(/<ul>\s*<li>one<\/li>\s*<li>two<\/li>\s*<\/ul>\s*<\/details>/);
    expect(html.match(/<details/g)).toHaveLength(2);
    expect(html.match(/<\/details>/g)).toHaveLength(2);
  });

  it("leaves details tags inside fenced code as code, and refuses attributes other than open", () => {
    const html = renderLessonMarkdown("```html\n<details>\n<summary>x</summary>\n</details>\n```\n\n<details onclick=\"alert(1)\">\n\nx\n\n</details>\n");
    expect(html).toContain("&lt;details&gt;\n&lt;summary&gt;x&lt;/summary&gt;");
    expect(html).not.toContain("<details onclick");
    expect(html).toContain("&lt;details onclick=");
  });
});

describe("task lists tied to checks", () => {
  const md = [
    "## Your task list",
    "",
    "1. **Base image.** Start from `debian:latest`. <!-- checks: base-image -->",
    "2. **Install** what WordPress needs,",
    "   in one RUN. <!-- checks: required-packages, no-wordpress-package -->",
    "3. **Names.** No check for this one.",
    "",
    "```bash",
    "echo '<!-- checks: not-in-code -->'",
    "```",
  ].join("\n");

  it("marks each item with the ids of its checks and shows nothing of the comment", () => {
    const html = renderLessonMarkdown(md);
    expect(html).toContain('<li data-checks="base-image"><strong>Base image.</strong> Start from <code>debian:latest</code>.</li>');
    expect(html).toMatch(/<li data-checks="required-packages no-wordpress-package"><strong>Install<\/strong> what WordPress needs,\s+in one RUN\.<\/li>/);
    expect(html).toContain("<li><strong>Names.</strong> No check for this one.</li>");
    expect(html).not.toMatch(/checks:\s*(base|required)/);
    expect(html).not.toContain("\u2063");
    expect(html).toContain("echo &#39;&lt;!-- checks: not-in-code --&gt;&#39;".replace(/&#39;/g, "'"));
  });

  it("lists the ids the comments name, outside code", () => {
    expect(taskCheckIds(md)).toEqual([["base-image"], ["required-packages", "no-wordpress-package"]]);
  });
});
