// Modules the component-test harness reaches into that ship no types of their own.
declare module 'react-dom'
declare module '@tarojs/plugin-framework-react/dist/runtime' {
  /** Registers React with Taro's page hooks (what the app entry does in a real build). */
  export function createH5NativeComponentConfig<T>(component: T, react: unknown, reactDOM: unknown): T
}
