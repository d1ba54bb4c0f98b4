{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Données personnelles]]</h1>
<p>[[Les informations saisies (noms, prénoms, dates de naissance, numéro de pré-demande, contact, commune de résidence) servent uniquement à organiser votre rendez-vous en mairie, à vous envoyer le code, la convocation et un rappel, et à produire des statistiques anonymes de fréquentation.]]</p>
<h2>[[Combien de temps elles sont conservées]]</h2>
<ul>
<li>{{BOOKINGS}}</li>
<li>{{BODIES}}</li>
<li>{{RECEIPTS}}</li>
<li>{{WAITLIST}}</li>
<li>{{CODES}}</li>
</ul>
<p>[[Passé ces délais, elles sont supprimées chaque nuit ; les statistiques ne gardent que des nombres, sans nom ni contact.]]</p>
<p>[[Le responsable du traitement est la mairie qui vous reçoit. Vous pouvez exercer vos droits d'accès, de rectification et d'effacement auprès d'elle.]]</p>
<p>[[La date de naissance et le numéro de pré-demande servent aussi à éviter qu'une même personne réserve plusieurs rendez-vous pour la même démarche.]]</p>
{{>FOOTER}}
