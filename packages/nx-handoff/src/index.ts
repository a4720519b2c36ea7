export { createNodes, type HandoffPluginOptions } from './plugins/plugin';
export { initGenerator } from './generators/init/init';
export { handoffClientGenerator } from './generators/handoff-client/handoff-client';
export { handoffBumpGenerator } from './generators/handoff-bump/handoff-bump';
