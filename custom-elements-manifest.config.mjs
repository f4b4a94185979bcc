// `cem analyze` (run by scripts/build.mjs) writes custom-elements.json for IDEs, Storybook and
// partners' docs. It reads the sources but describes the published files, so paths point into dist/.

/**
 * Our define modules register through `defineElement(tag, Class)` (a guard against double
 * registration), which the analyzer does not know: read those calls, so each class gets its
 * `tagName` and each define module its `custom-element-definition` export.
 */
function defineElementCalls() {
  const found = [];
  return {
    name: 'finsify-define-element',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || node.expression.getText() !== 'defineElement') return;
      const [tag, cls] = node.arguments;
      if (!tag || !cls || !ts.isStringLiteral(tag) || !ts.isIdentifier(cls)) return;
      found.push({ modulePath: moduleDoc.path, tagName: tag.text, className: cls.text });
    },
    packageLinkPhase({ customElementsManifest }) {
      const modules = customElementsManifest.modules;
      for (const { modulePath, tagName, className } of found) {
        const home = modules.find((mod) => mod.declarations?.some((decl) => decl.kind === 'class' && decl.name === className && decl.customElement));
        if (!home) throw new Error(`defineElement('${tagName}', ${className}): no custom element class ${className} was analyzed`);
        const declaration = home.declarations.find((decl) => decl.name === className);
        declaration.tagName = tagName;
        const definer = modules.find((mod) => mod.path === modulePath);
        definer.exports = [...(definer.exports ?? []), { kind: 'custom-element-definition', name: tagName, declaration: { name: className, module: home.path } }];
      }
    },
  };
}

/**
 * Reactive state declared in `static properties` (`{ state: true }`) has no attribute, but the
 * analyzer lists every static property as one: drop those backed by a private field.
 */
function noPrivateAttributes() {
  return {
    name: 'finsify-no-private-attributes',
    packageLinkPhase({ customElementsManifest }) {
      for (const declaration of customElementsManifest.modules.flatMap((mod) => mod.declarations ?? [])) {
        if (!declaration.customElement || !declaration.attributes) continue;
        const hidden = new Set((declaration.members ?? []).filter((member) => member.privacy === 'private').map((member) => member.name));
        declaration.attributes = declaration.attributes.filter((attribute) => !hidden.has(attribute.fieldName ?? attribute.name));
      }
    },
  };
}

/** `src/x.ts` -> `dist/x.js`, everywhere a module path appears. */
function distPaths() {
  const toDist = (path) => (typeof path === 'string' ? path.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js') : path);
  const walk = (value) => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if ((key === 'path' || key === 'module') && typeof child === 'string') value[key] = toDist(child);
      else walk(child);
    }
  };
  return {
    name: 'finsify-dist-paths',
    packageLinkPhase({ customElementsManifest }) {
      walk(customElementsManifest.modules);
    },
  };
}

export default {
  // The public browser surface: entries, the two elements and their events.
  globs: ['src/index.ts', 'src/picker.ts', 'src/connect.ts', 'src/events.ts', 'src/picker/service-picker.ts', 'src/connect/finsify-connect.ts'],
  outdir: '.',
  litelement: true,
  packagejson: false,
  plugins: [defineElementCalls(), noPrivateAttributes(), distPaths()],
};
