{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Questions fréquentes]]</h1>
<h2>[[Dans quelle mairie puis-je faire ma carte d'identité ou mon passeport ?]]</h2>
<p>[[Dans n'importe quelle mairie équipée d'un dispositif de recueil, quel que soit votre domicile. La plateforme vous montre les plus proches et les plus tôt.]]</p>
<h2>[[Que faire avant le rendez-vous ?]]</h2>
<p>[[Faites si possible votre pré-demande en ligne sur le site de l'ANTS et notez son numéro : le rendez-vous est plus court. Rassemblez les pièces indiquées sur votre convocation.]]</p>
<h2>[[Puis-je prendre plusieurs rendez-vous ?]]</h2>
<p>[[Non : une personne ne peut avoir qu'un rendez-vous à venir par démarche sur toute la plateforme. Pour changer de jour ou de mairie, déplacez votre rendez-vous ; ainsi les créneaux restent disponibles pour tous.]]</p>
<h2>[[Comment prendre rendez-vous pour ma famille ?]]</h2>
<p>[[Indiquez le nombre de personnes (jusqu'à 5) : les créneaux réservés se suivent. Chaque personne, y compris un enfant mineur, doit être présente.]]</p>
<h2>[[Je n'ai pas reçu le code.]]</h2>
<p>[[Vérifiez le numéro ou l'adresse saisis, puis demandez un nouveau code (3 envois par heure au plus). L'horaire reste réservé 10 minutes.]]</p>
<h2>[[Comment annuler ou déplacer ?]]</h2>
<p>[[Avec le lien reçu dans le message de confirmation, ou depuis « Gérer mon rendez-vous » avec votre référence.]]</p>
<h2>[[Je n'ai pas internet.]]</h2>
<p>[[Appelez ou rendez-vous dans votre mairie, même si elle n'est pas équipée : un agent prend le rendez-vous pour vous et vous remet la convocation.]]</p>
<h2>[[Mon titre expire bientôt et c'est urgent.]]</h2>
<p>[[Des créneaux sont réservés aux urgences justifiées (titre qui expire, voyage imminent, perte ou vol, raison médicale).]] <a href="/urgence">[[Demander un rendez-vous urgent]]</a></p>
{{>FOOTER}}
