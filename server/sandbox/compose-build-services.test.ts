import { describe, expect, it } from "vitest";
import { composeBuildServices } from "./compose-build-services";
import { layerCacheRef } from "./layer-cache-ref";

// What `docker-compose config` prints for the step-6 file in a learner engine: absolute contexts.
const resolved = `services:
  apache_wordpress:
    build:
      context: /home/learner/workspace/6_step/apache_wordpress
    ports:
    - 80:80/tcp
  mysql_wordpress:
    build:
      context: /home/learner/workspace/6_step/mysql_wordpress
      dockerfile: Dockerfile
    image: my/db:1
  adminer:
    image: adminer
  sneaky:
    build:
      context: /home/learner/workspace/other_step
version: '3.8'
`;

describe("composeBuildServices", () => {
  const options = { folder: "6_step", stepDir: "/home/learner/workspace/6_step", fileDir: "/home/learner/workspace/6_step", project: "6_Step" };

  it("lists the services compose builds, their context relative to the step folder and the tag compose gives them", () => {
    expect(composeBuildServices(resolved, options)).toEqual([
      { service: "apache_wordpress", build: { folder: "6_step", context: "apache_wordpress", dockerfile: "Dockerfile" }, imageTag: "6_step_apache_wordpress" },
      { service: "mysql_wordpress", build: { folder: "6_step", context: "mysql_wordpress", dockerfile: "Dockerfile" }, imageTag: "my/db:1" },
    ]);
  });

  it("names the same cache as the reference file's relative build: lines", () => {
    const reference = "services:\n  apache_wordpress:\n    build: ./apache_wordpress\n";
    const [fromReference] = composeBuildServices(reference, { folder: "6_step", stepDir: "/6_step", fileDir: "/6_step", project: "6_step" });
    const [fromStudent] = composeBuildServices(resolved, options);
    expect(layerCacheRef(fromReference!.build)).toBe(layerCacheRef(fromStudent!.build));
  });

  it("reads past the warnings compose prints before the YAML", () => {
    const withWarning = `WARNING: Some networks were defined but are not used by any service: front\n${resolved}`;
    expect(composeBuildServices(withWarning, options).map((s) => s.service)).toEqual(["apache_wordpress", "mysql_wordpress"]);
  });

  it("gives nothing for a file that is not YAML or has no services, and skips URL contexts", () => {
    expect(composeBuildServices("services: [", options)).toEqual([]);
    expect(composeBuildServices("version: '3'\n", options)).toEqual([]);
    expect(composeBuildServices("services:\n  web:\n    build: https://example.com/repo.git\n", options)).toEqual([]);
  });
});
