// exceljs's style serializers, patched by src-node/excel-text.ts to write and read quotePrefix.
declare module 'exceljs/lib/xlsx/xform/style/style-xform.js' {
  const StyleXform: { prototype: object };
  export default StyleXform;
}
declare module 'exceljs/lib/xlsx/xform/style/styles-xform.js' {
  const StylesXform: { prototype: object };
  export default StylesXform;
}
