/**
 * The persistence-declared judge (step 4): VOLUME or a named volume in the documented run command
 * both count, in every spelling docker accepts; anonymous volumes, bind mounts and tmpfs do not.
 */
import { describe, expect, it } from "vitest";
import { specOf } from "../../fixtures/test-workspace";
import type { WorkspaceSnapshot } from "../../evidence";
import { judgePersistenceDeclared, parseMountOption, parseVolumeOption } from "./judge";

const FOLDER = "4_wordpress_multiservice_persistant";
const ws = (text: string): WorkspaceSnapshot => ({ folder: FOLDER, files: { [`${FOLDER}/Dockerfile`]: text } });
const spec = specOf({ kind: "persistence-declared", title: "persist", paths: ["/var/lib/mysql", "/var/www/html"] });
const judge = (text: string) => judgePersistenceDeclared(spec, ws(text));
const IMAGE = 'FROM debian:latest\nRUN echo build\nUSER mysql\nCMD ["apache2ctl", "-D", "FOREGROUND"]\n';
const withRun = (options: string, dockerfile = IMAGE) =>
  `${dockerfile}# docker build -t mon_image_wordpress .\n# docker run -d -p 80:80 ${options} --name mon_conteneur_wordpress mon_image_wordpress\n`;

describe("persistence-declared: what counts", () => {
  it("accepts VOLUME, in JSON form, as a list, or one line per folder", () => {
    for (const volume of ['VOLUME ["/var/lib/mysql", "/var/www/html"]', "VOLUME /var/lib/mysql /var/www/html/", "VOLUME /var/lib/mysql\nVOLUME /var/www/html"]) {
      const result = judge(withRun("", IMAGE.replace("CMD", `${volume}\nCMD`)));
      expect(result.status, volume).toBe("pass");
      expect(result.message).toContain("VOLUME on line");
      // Without named volumes at run time, Docker makes anonymous ones: the pass says so.
      expect(result.message).toContain("docker volume prune");
    }
  });

  it("accepts named volumes in the documented run command: -v, --volume=, --volume, --mount", () => {
    const spellings = [
      "-v wordpress_db:/var/lib/mysql -v wordpress_html:/var/www/html",
      "--volume=wordpress_db:/var/lib/mysql --volume wordpress_html:/var/www/html:rw",
      "--mount type=volume,source=wordpress_db,target=/var/lib/mysql --mount=src=wordpress_html,dst=/var/www/html",
      "--mount target=/var/lib/mysql,type=volume,src=db.data -v html-1:/var/www/html",
    ];
    for (const options of spellings) {
      const result = judge(withRun(options));
      expect(result.status, options).toBe("pass");
      expect(result.message, options).toMatch(/named volume \S+ in the run command on line 6/);
      expect(result.message, options).not.toContain("prune");
    }
  });

  it("accepts one folder from VOLUME and the other from a named volume", () => {
    const result = judge(withRun("-v wordpress_html:/var/www/html", IMAGE.replace("CMD", "VOLUME /var/lib/mysql\nCMD")));
    expect(result.status).toBe("pass");
    expect(result.message).toMatch(/\/var\/lib\/mysql \(VOLUME on line 4\); \/var\/www\/html \(the named volume wordpress_html/);
  });
});

describe("persistence-declared: look-alikes", () => {
  it("flags an anonymous volume as lost at docker volume prune", () => {
    for (const options of ["-v /var/lib/mysql -v wordpress_html:/var/www/html", "--mount type=volume,target=/var/lib/mysql -v wordpress_html:/var/www/html"]) {
      const result = judge(withRun(options));
      expect(result.status, options).toBe("fail");
      expect(result.message).toMatch(/\/var\/lib\/mysql: the run command on line 6 gives it .*an anonymous volume, which docker volume prune deletes/);
      expect(result.message).not.toContain("/var/www/html:");
      expect(result.line).toBe(6);
    }
  });

  it("flags bind mounts and tmpfs as not volumes", () => {
    for (const options of ["-v /srv/db:/var/lib/mysql", "-v ./db:/var/lib/mysql", "-v ~/db:/var/lib/mysql", "--mount type=bind,source=/srv/db,target=/var/lib/mysql"]) {
      const result = judge(withRun(`${options} -v html:/var/www/html`));
      expect(result.status, options).toBe("fail");
      expect(result.message, options).toContain("a bind mount of a host folder, not a Docker volume");
    }
    expect(judge(withRun("--mount type=tmpfs,target=/var/lib/mysql -v html:/var/www/html")).message).toContain("a tmpfs");
  });

  it("fails when neither the Dockerfile nor the run command says anything, and says where it looked", () => {
    const result = judge(withRun(""));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("/var/lib/mysql: no VOLUME instruction names it, and the documented run command mounts no named volume on it");
    expect(judge(IMAGE).message).toContain("the closing comments give no docker run command");
  });

  it("does not count a named volume on another path, a VOLUME of an earlier stage only, or options after the image", () => {
    expect(judge(withRun("-v wordpress_db:/var/lib/mysqld -v html:/var/www/html")).status).toBe("fail");
    const multiStage = `FROM debian:latest AS base\nVOLUME /var/lib/mysql /var/www/html\nFROM debian:latest\nCMD ["true"]\n# docker run -d mon_image_wordpress\n`;
    expect(judge(multiStage).status).toBe("fail");
    const late = `${IMAGE}# docker run -d --name mon_conteneur_wordpress mon_image_wordpress -v db:/var/lib/mysql -v html:/var/www/html\n`;
    expect(judge(late).status).toBe("fail");
  });
});

describe("docker run volume options", () => {
  it("tells named volumes, anonymous volumes and bind mounts apart as docker does", () => {
    expect(parseVolumeOption("db:/var/lib/mysql")).toMatchObject({ type: "named volume", source: "db", target: "/var/lib/mysql" });
    expect(parseVolumeOption("db:/var/lib/mysql/:ro")).toMatchObject({ type: "named volume", target: "/var/lib/mysql" });
    expect(parseVolumeOption("/var/lib/mysql")).toMatchObject({ type: "anonymous volume" });
    expect(parseVolumeOption("$(pwd)/db:/var/lib/mysql")).toMatchObject({ type: "bind mount" });
    expect(parseVolumeOption("db")).toBeNull();
    expect(parseMountOption("type=volume,source=db,destination=/x,readonly")).toMatchObject({ type: "named volume", source: "db", target: "/x" });
    expect(parseMountOption("type=volume,src=db")).toBeNull();
  });
});
