INSERT INTO app_user (id, name) VALUES (1, 'alice');
INSERT INTO app_user (id, name) VALUES (2, 'bob');
INSERT INTO app_user (id, name) VALUES (3, 'carol');
