// Pages import their CSS for the Taro build; jsdom tests only need the import to resolve.
module.exports = {}
