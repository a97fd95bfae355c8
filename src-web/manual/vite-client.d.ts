// The 使用说明 is bundled by Vite: `?raw` text imports and `import.meta.glob` for its pictures.
/// <reference types="vite/client" />
