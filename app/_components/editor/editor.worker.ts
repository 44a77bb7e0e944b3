// Monaco's base worker (diffing, word ranges, links), bundled locally: no CDN.
// monaco-editor 0.57 maps "monaco-editor/*" to esm/vs/*.js (see its package.json "exports").
import "monaco-editor/editor/editor.worker";
