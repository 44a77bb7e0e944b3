import { describe, expect, it } from "vitest";
import { languageForPath } from "./language-for-path";

describe("languageForPath", () => {
  it.each([
    ["1_worpress_multiservice_dirty/Dockerfile", "dockerfile"],
    ["5_x/apache_wordpress/Dockerfile", "dockerfile"],
    ["a/Dockerfile.dev", "dockerfile"],
    ["6_x/docker-compose.yml", "yaml"],
    ["7_x/stack_wordpress.yaml", "yaml"],
    ["5_x/build_and_launch.sh", "shell"],
    ["README.md", "markdown"],
    ["conf/50-server.cnf", "ini"],
    ["x/.env", "ini"],
    ["x/wp-config.php", "php"],
    ["x/LICENSE", "plaintext"],
  ])("%s → %s", (path, language) => {
    expect(languageForPath(path)).toBe(language);
  });
});
