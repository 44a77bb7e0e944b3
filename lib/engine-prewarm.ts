/**
 * The step page's early engine request: a few bytes of inline script, run as soon as the browser
 * parses the page, well before its scripts (about 1.3 MB) have loaded and its websocket asks for
 * the engine. The server answers it in server/http/prewarm-request.ts. Shared by the page and the
 * server; no node:* imports.
 */

/** Where the page asks (POST, same origin, the student's cookie). */
export const ENGINE_PREWARM_PATH = "/api/engine/prewarm";

/** The inline script: fire and forget; a failure changes nothing (the websocket asks again). */
export const ENGINE_PREWARM_SCRIPT = `try{fetch(${JSON.stringify(ENGINE_PREWARM_PATH)},{method:"POST",credentials:"same-origin",keepalive:true}).catch(function(){})}catch(e){}`;
