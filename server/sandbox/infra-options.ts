/**
 * The shared learner infrastructure, as created by scripts/ensure-infra.sh (keep both in sync).
 * The server never (re)creates it: the script decides what must be mirrored (it probes Docker Hub
 * and wordpress.org), pushes the host's debian images into the registry and installs firewall
 * rules, which need the host; the infra container restarts by itself (--restart unless-stopped).
 * The server only needs these names, e.g. to tell an operator what is missing.
 */
export { LEARNER_NETWORK } from "./engine-options";

/** Linux bridge of LEARNER_NETWORK; the firewall rules name it. */
export const LEARNER_BRIDGE = "wb-learners";
export const LEARNER_SUBNET = "10.213.0.0/16";
export const INFRA_CONTAINER = "workbench-infra";
export const INFRA_IMAGE = "docker-workbench/infra:1";
/** Fixed address of INFRA_CONTAINER, outside the range Docker hands out to engines (10.213.128.0/17). */
export const INFRA_IP = "10.213.0.2";
/** The read-only registry mirror engines use when Docker Hub does not answer (daemon.json registry-mirrors). */
export const REGISTRY_MIRROR_URL = "http://registry.workbench:5000";
/** The registry's storage (a named volume): served read-only by INFRA_CONTAINER, written only from the host. */
export const REGISTRY_VOLUME = "workbench-registry";
/** Network aliases of INFRA_CONTAINER when wordpress.org does not answer (https with the workbench CA). */
export const WORDPRESS_MIRROR_HOSTS = ["wordpress.org", "www.wordpress.org", "downloads.wordpress.org"] as const;
export const ENSURE_INFRA_COMMAND = "scripts/ensure-infra.sh";
