import { describe, expect, it } from "vitest";
import { findDownloads, remoteFileName } from "./downloads";
import { findExtractions } from "./extractions";
import { resolveCommands } from "./resolve-commands";

const downloads = (script: string) => findDownloads(resolveCommands(script)).map((d) => [d.tool, d.url, d.output]);
const extractions = (script: string) => findExtractions(resolveCommands(script)).map((e) => [e.tool, e.archive, e.destination, e.formats.join("|")]);
const URL = "https://wordpress.org/latest.zip";

describe("findDownloads", () => {
  it("reads where wget saves a file", () => {
    expect(downloads(`wget ${URL}`)).toEqual([["wget", URL, "latest.zip"]]);
    expect(downloads(`wget -q -O /tmp/wp.zip ${URL}`)).toEqual([["wget", URL, "/tmp/wp.zip"]]);
    expect(downloads(`wget --output-document=wp.zip ${URL}`)).toEqual([["wget", URL, "wp.zip"]]);
    expect(downloads(`wget -qO- ${URL}`)).toEqual([["wget", URL, "-"]]);
    expect(downloads(`wget -P /tmp ${URL}`)).toEqual([["wget", URL, "/tmp/latest.zip"]]);
  });

  it("reads where curl saves a file, pairing -o/-O with URLs in order", () => {
    expect(downloads(`curl -LO ${URL}`)).toEqual([["curl", URL, "latest.zip"]]);
    expect(downloads(`curl -fsSLo /tmp/wp.zip ${URL}`)).toEqual([["curl", URL, "/tmp/wp.zip"]]);
    expect(downloads(`curl -L -o /tmp/wp.zip ${URL}`)).toEqual([["curl", URL, "/tmp/wp.zip"]]);
    expect(downloads(`curl --location --output wp.zip ${URL}`)).toEqual([["curl", URL, "wp.zip"]]);
    expect(downloads(`curl -sL ${URL}`)).toEqual([["curl", URL, "-"]]);
    expect(downloads(`curl -H 'Accept: */*' --output-dir /tmp -O ${URL}`)).toEqual([["curl", URL, "/tmp/latest.zip"]]);
    expect(downloads("curl -o a.zip https://x/1.zip -O https://x/2.zip")).toEqual([
      ["curl", "https://x/1.zip", "a.zip"],
      ["curl", "https://x/2.zip", "2.zip"],
    ]);
  });

  it("finds URLs given to other programs, output unknown", () => {
    expect(downloads(`python3 -c "import urllib.request; urllib.request.urlretrieve('${URL}', 'wp.zip')"`)).toEqual([["python3", URL, null]]);
  });

  it("names remote files like wget does", () => {
    expect(remoteFileName("https://wordpress.org/latest.zip?x=1")).toBe("latest.zip");
    expect(remoteFileName("https://wordpress.org/")).toBe("index.html");
  });
});

describe("findExtractions", () => {
  it("reads unzip with its archive and destination", () => {
    expect(extractions("unzip -q latest.zip -d /var/www/html")).toEqual([["unzip", "latest.zip", "/var/www/html", "zip"]]);
    expect(extractions("unzip -o /tmp/wp.zip")).toEqual([["unzip", "/tmp/wp.zip", null, "zip"]]);
    expect(extractions("busybox unzip wp.zip -d /srv")).toEqual([["unzip", "wp.zip", "/srv", "zip"]]);
  });

  it("reads the other zip readers", () => {
    expect(extractions("bsdtar -xf wp.zip -C /var/www/html")).toEqual([["bsdtar", "wp.zip", "/var/www/html", "zip|tar|tar.gz"]]);
    expect(extractions("7z x wp.zip -o/var/www/html")).toEqual([["7z", "wp.zip", "/var/www/html", "zip|tar|tar.gz"]]);
    expect(extractions("python3 -m zipfile -e wp.zip /var/www/html")).toEqual([["python3", "wp.zip", "/var/www/html", "zip"]]);
    expect(extractions("jar xf wp.zip")).toEqual([["jar", "wp.zip", null, "zip"]]);
  });

  it("reads tar in its bundled and long forms, in extraction mode only", () => {
    expect(extractions("tar -xzf latest.tar.gz -C /var/www/html")).toEqual([["tar", "latest.tar.gz", "/var/www/html", "tar|tar.gz"]]);
    expect(extractions("tar xzf latest.tar.gz")).toEqual([["tar", "latest.tar.gz", null, "tar|tar.gz"]]);
    expect(extractions("tar --extract --file=latest.tar.gz --directory=/srv")).toEqual([["tar", "latest.tar.gz", "/srv", "tar|tar.gz"]]);
    expect(extractions("tar -czf backup.tar.gz /srv")).toEqual([]);
  });

  it("reads an archive streamed from a pipe", () => {
    expect(extractions(`curl -L ${URL} | bsdtar -xf - -C /var/www/html`)).toEqual([["bsdtar", "-", "/var/www/html", "zip|tar|tar.gz"]]);
  });
});
