export { createNodes, preTasksExecution, type HandoffPluginOptions } from './src/plugins/plugin';
