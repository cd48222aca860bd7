/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.css'

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'alipay' | 'h5'
    /** Base URL of the HTTP functions, for the Alipay and H5 builds ('/api' on the local stack). */
    TARO_APP_API_BASE?: string
    /** WeChat cloud environment id for the weapp build. */
    TARO_APP_CLOUD_ENV?: string
    /** Comma-separated link bases the mini-program accepts before asking checkIn. */
    TARO_APP_CODE_BASES?: string
  }
}
