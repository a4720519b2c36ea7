import type { ExecutorContext } from '@nx/devkit';

/** A minimal ExecutorContext for one project, as Nx builds it for a task. */
export function fakeContext(
  root: string,
  projectName = 'acme-fintech',
  projectRoot = 'clients/acme-fintech',
): ExecutorContext {
  return {
    root,
    cwd: root,
    isVerbose: false,
    projectName,
    targetName: 'handoff-pin',
    projectsConfigurations: { version: 2, projects: { [projectName]: { root: projectRoot } } },
    nxJsonConfiguration: {},
    projectGraph: { nodes: {}, dependencies: {} },
  };
}
