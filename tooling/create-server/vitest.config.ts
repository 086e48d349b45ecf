import { packageTestConfig } from '../../vitest.shared.js';

export const config = packageTestConfig('create-server');

// eslint-disable-next-line no-restricted-syntax -- vitest loads the default export of its config file.
export default config;
