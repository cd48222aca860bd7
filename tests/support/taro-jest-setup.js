// Breaks the require cycle router -> components -> taro-h5 -> router that otherwise fails
// the first import with "Cannot read properties of undefined (reading 'history')".
require('@tarojs/taro')
