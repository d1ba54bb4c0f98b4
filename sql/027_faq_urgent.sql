-- 027: the FAQ's answer on urgent cases names the online request
-- (/urgence, sql/023), unless the platform has rewritten it since.
UPDATE faq_entries SET answer = 'Des créneaux sont réservés aux urgences justifiées (titre qui expire, voyage imminent, perte ou vol, raison médicale) : demandez un rendez-vous urgent en ligne (lien « Demander un rendez-vous urgent » sur cette page) ou appelez la mairie.'
 WHERE id = 8 AND answer = 'Contactez la mairie : des créneaux sont réservés aux urgences justifiées (voyage imminent, examen, raison médicale).';
UPDATE faq_entries SET answer = 'Some slots are reserved for genuine emergencies (an expiring document, imminent travel, loss or theft, medical reasons): ask for an urgent appointment online (the "Ask for an urgent appointment" link on this page) or call the town hall.'
 WHERE id = 108 AND answer = 'Contact the town hall: some slots are reserved for genuine emergencies (imminent travel, exams, medical reasons).';
