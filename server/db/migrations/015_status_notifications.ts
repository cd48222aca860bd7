/**
 * Subscription messages for a change of a person's status (issue 20, "the person is told"): the
 * outbox of those messages, one row per change, recipient and channel, written in the change's
 * own transaction. Distributed by person beside status_changes (a change has no venue, so it
 * cannot share notification_outbox, which lives on its alert's venue shard). No foreign keys:
 * the change is on the person's shard and the recipient on the coordinator; the wind-down
 * deletes this table with the rest.
 */
export const version = 15
export const name = 'status_notifications'

export const statements: string[] = [
  `CREATE TABLE status_notification_outbox (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    person_id uuid NOT NULL,
    change_id uuid NOT NULL,
    recipient uuid NOT NULL,
    channel text NOT NULL CHECK (channel IN ('wechat', 'log')),
    state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'skipped', 'uncertain')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    claimed_at timestamptz,
    sent_at timestamptz,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (person_id, id),
    UNIQUE (person_id, change_id, recipient, channel)
  )`,
  `CREATE INDEX status_notification_outbox_due_idx ON status_notification_outbox (next_attempt_at) WHERE state = 'pending'`,
  `CREATE INDEX status_notification_outbox_claimed_idx ON status_notification_outbox (claimed_at) WHERE state = 'sending'`
]
