/** Headers our HTTP gateway sets on every request it forwards; a client's own values are replaced. */
export const REQUEST_ID_HEADER = 'x-request-id'
export const CLIENT_ADDRESS_HEADER = 'x-forwarded-for'
