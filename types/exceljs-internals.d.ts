// exceljs's style serializers, patched by src-node/excel-text.ts to write and read quotePrefix.
declare module 'exceljs/lib/xlsx/xform/style/style-xform.js' {
  const StyleXform: { prototype: object };
  export default StyleXform;
}
declare module 'exceljs/lib/xlsx/xform/style/styles-xform.js' {
  const StylesXform: { prototype: object };
  export default StylesXform;
}
// exceljs's stream-to-iterator helper: src-node/xlsx-workbook-reader.ts paces its worksheet parsing by
// the reader with it. Imported by name (not loaded with createRequire) so that the bundles include it.
declare module 'exceljs/lib/utils/iterate-stream.js' {
  const iterateStream: (s: NodeJS.ReadableStream) => AsyncIterable<unknown>;
  export default iterateStream;
}
