// Keeps src-shared pure: it runs in the renderer, the Electron main process and the sync server, so
// it may import zod and its own files, nothing else (no node:*, no electron, no DOM libraries, and no
// relative path that climbs out of src-shared, e.g. into resources/).
import path from 'node:path';

const SHARED_ROOT = path.resolve(import.meta.dirname, '..', 'src-shared');
const ALLOWED_PACKAGES = new Set(['zod']);

function isInside(dir, file) {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** @type {import('eslint').Rule.RuleModule} */
export const srcSharedPure = {
  meta: {
    type: 'problem',
    docs: { description: 'src-shared may import only zod and files inside src-shared' },
    messages: {
      forbidden: "src-shared must stay pure: '{{source}}' is not allowed here (only zod and files inside src-shared).",
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    if (!isInside(SHARED_ROOT, file)) return {};
    function check(node, source) {
      if (typeof source !== 'string') return;
      let ok;
      if (source.startsWith('.')) ok = isInside(SHARED_ROOT, path.resolve(path.dirname(file), source));
      else ok = ALLOWED_PACKAGES.has(source) || [...ALLOWED_PACKAGES].some((p) => source.startsWith(p + '/'));
      if (!ok) context.report({ node, messageId: 'forbidden', data: { source } });
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(node, node.arguments[0].value);
        }
      },
    };
  },
};
