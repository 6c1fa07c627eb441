export { containerEngine, findContainerEngine } from './engine.js';
export type { CommandResult, ContainerEngine, EngineName } from './engine.js';
export { buildImage, imageInputsHash, projectImage } from './project-image.js';
export type { ImageTarget, ProjectImageOptions } from './project-image.js';
export { containerSession, TEST_RUN_LABEL, testRunLabels } from './session.js';
export type { ContainerSession, TestContainer } from './session.js';
export { containerTestsSkip, healthcheckCommand, imageSettings, untilAnswers } from './checks.js';
export type { ImageSettings } from './checks.js';
