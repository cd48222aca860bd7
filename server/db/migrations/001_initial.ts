/**
 * Initial schema. Personal data is stored only as AES-256-GCM ciphertext (`*_enc`) plus a keyed
 * hash (`*_hash`) for equality look-ups; nothing here can be read without the server's keys.
 * Times are timestamptz from the database clock, never from a client.
 */
export const version = 1
export const name = 'initial'

export const statements: string[] = [
  `CREATE TABLE users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    wx_openid text UNIQUE,
    alipay_uid text UNIQUE,
    demo_account text UNIQUE,
    name_enc text,
    id_card_enc text,
    id_card_hash text,
    phone_enc text,
    phone_hash text,
    roles text[] NOT NULL DEFAULT ARRAY['citizen']::text[],
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  'CREATE INDEX users_id_card_hash_idx ON users (id_card_hash)',
  'CREATE INDEX users_phone_hash_idx ON users (phone_hash)',
  `CREATE TABLE sessions (
    token_hash text PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
  )`,
  'CREATE INDEX sessions_user_idx ON sessions (user_id)',
  `CREATE TABLE health_status (
    user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    status text NOT NULL CHECK (status IN ('green', 'yellow', 'red')),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE venues (
    id text PRIMARY KEY CHECK (id ~ '^[0-9a-z]{1,32}$'),
    admin_user_id uuid NOT NULL REFERENCES users (id),
    name text NOT NULL,
    type text NOT NULL,
    province_code text NOT NULL,
    province_name text NOT NULL,
    city_code text NOT NULL,
    city_name text NOT NULL,
    county_code text NOT NULL,
    county_name text NOT NULL,
    town_code text NOT NULL,
    town_name text NOT NULL,
    address text NOT NULL,
    credit_code_enc text NOT NULL,
    credit_code_hash text NOT NULL,
    admin_name_enc text NOT NULL,
    admin_mobile_enc text NOT NULL,
    declaration_code text NOT NULL UNIQUE CHECK (declaration_code ~ '^[0-9]{6}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT venues_registration_key UNIQUE (credit_code_hash, name, address)
  )`,
  'CREATE INDEX venues_admin_idx ON venues (admin_user_id)',
  `CREATE TABLE checkpoints (
    id text PRIMARY KEY CHECK (id ~ '^[0-9a-z]{1,32}$'),
    venue_id text NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
    name text NOT NULL DEFAULT '主入口',
    code_version integer NOT NULL DEFAULT 1 CHECK (code_version >= 1),
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  'CREATE INDEX checkpoints_venue_idx ON checkpoints (venue_id)',
  `CREATE TABLE entries (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users (id),
    venue_id text NOT NULL REFERENCES venues (id),
    checkpoint_id text NOT NULL REFERENCES checkpoints (id),
    checked_in_at timestamptz NOT NULL DEFAULT now(),
    withdrawn_at timestamptz
  )`,
  'CREATE INDEX entries_user_venue_time_idx ON entries (user_id, venue_id, checked_in_at DESC)',
  'CREATE INDEX entries_venue_time_idx ON entries (venue_id, checked_in_at)'
]
