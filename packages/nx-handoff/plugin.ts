export { createNodes, type HandoffPluginOptions } from './src/plugins/plugin';
