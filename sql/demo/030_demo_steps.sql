-- Named check-in steps at Annecy's town hall (site 1), as in the Haitian
-- document: reception, checks, capture, exit — each timed at the desk.
INSERT IGNORE INTO site_steps (site_id, position, name) VALUES
  (1, 1, 'Accueil'),
  (1, 2, 'Vérification des pièces'),
  (1, 3, 'Recueil des empreintes'),
  (1, 4, 'Sortie');
