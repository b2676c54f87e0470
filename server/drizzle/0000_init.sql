CREATE TABLE `counters` (
	`id` text PRIMARY KEY NOT NULL,
	`number` integer NOT NULL,
	`name` text NOT NULL,
	`services` text NOT NULL,
	`state` text NOT NULL,
	`pause_reason` text,
	`current_ticket_id` text,
	`streak` text NOT NULL,
	`changed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `counters_number_unique` ON `counters` (`number`);--> statement-breakpoint
CREATE TABLE `events` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text NOT NULL,
	`at` integer NOT NULL,
	`office_day` text NOT NULL,
	`data` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `events_day` ON `events` (`office_day`);--> statement-breakpoint
CREATE TABLE `idempotency` (
	`key` text PRIMARY KEY NOT NULL,
	`fingerprint` text NOT NULL,
	`status_code` integer NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `office` (
	`id` integer PRIMARY KEY NOT NULL,
	`settings` text NOT NULL,
	`office_day` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `services` (
	`id` text PRIMARY KEY NOT NULL,
	`prefix` text NOT NULL,
	`name_ro` text NOT NULL,
	`name_en` text NOT NULL,
	`number_start` integer NOT NULL,
	`number_end` integer NOT NULL,
	`wrap` integer NOT NULL,
	`daily_capacity` integer,
	`target_wait_minutes` integer NOT NULL,
	`avg_service_minutes` integer NOT NULL,
	`open` integer NOT NULL,
	`kiosk_order` integer NOT NULL,
	`color` text NOT NULL,
	`icon` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`number` integer NOT NULL,
	`origin_service_id` text NOT NULL,
	`service_id` text NOT NULL,
	`office_day` text NOT NULL,
	`priority` text,
	`status` text NOT NULL,
	`lang` text NOT NULL,
	`issued_at` integer NOT NULL,
	`queued_at` integer NOT NULL,
	`front` integer NOT NULL,
	`target_counter_id` text,
	`counter_id` text,
	`called_at` integer,
	`started_at` integer,
	`finished_at` integer,
	`no_show_at` integer,
	`recalls` integer NOT NULL,
	`transfers` integer NOT NULL,
	`outcome` text,
	`note` text,
	`appointment` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_day_number` ON `tickets` (`office_day`,`origin_service_id`,`number`);--> statement-breakpoint
CREATE INDEX `tickets_status` ON `tickets` (`status`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);